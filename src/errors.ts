/**
 * Bad input from a user — an option, a file, a JSON path. Every module's own error class for such
 * input extends this one; the CLI prints the message as one line and exits 2, without a stack trace.
 * It lives at the bottom of the layers so that the CLI can recognise these errors without loading
 * the modules that throw them.
 */
export class UserInputError extends Error {}
