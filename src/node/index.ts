// Node-only part (file paths, streams, worker threads). Never imported by the core.
export {};
