// Public entry of the data stage: named exports only.
export {};
