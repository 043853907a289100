// Public entry of the schema stage: named exports only.
export {};
