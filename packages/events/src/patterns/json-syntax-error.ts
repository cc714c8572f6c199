/** A JSON syntax error, with Jackson's message. */
export class JsonSyntaxError extends Error {}
