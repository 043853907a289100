// Public entry of the cohort stage: named exports only.
export {};
