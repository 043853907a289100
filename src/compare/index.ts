// Public entry of the compare stage: named exports only.
export {};
