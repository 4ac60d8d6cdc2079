// The Node.js/TypeScript host builder: a function folder → a multi-platform OCI image, without Docker.
export {};
