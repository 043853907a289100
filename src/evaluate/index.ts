// Public entry of the evaluate stage: named exports only.
export {};
