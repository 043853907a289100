// Public entry of the segment stage: named exports only.
export {};
