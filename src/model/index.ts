// Public entry of the model stage: named exports only.
export {};
