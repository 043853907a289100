// Public entry of the report stage: named exports only.
export {};
