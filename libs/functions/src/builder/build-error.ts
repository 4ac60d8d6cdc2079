/**
 * A build failure caused by the function or its settings (not a bug): the message is one line naming the file,
 * field or service at fault and what to do. The CLI prints it without a stack.
 */
export class FunctionBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionBuildError';
  }
}
