// Knative's `func invoke` defaults (pkg/functions/invoke.go).
export const DEFAULT_INVOKE_SOURCE = '/boson/fn';
export const DEFAULT_INVOKE_TYPE = 'boson.fn';
export const DEFAULT_INVOKE_CONTENT_TYPE = 'application/json';
export const DEFAULT_INVOKE_DATA = '{"message":"Hello World"}';
export const DEFAULT_INVOKE_REQUEST_TYPE = 'POST';
export const DEFAULT_INVOKE_FORMAT = 'http';
