/** The benchmark's handler: does nothing, so what is measured is the bus. */
export const handler = async (): Promise<void> => undefined;
