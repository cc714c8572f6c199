// Handlers log every event as structured JSON; in tests that is noise unless asked for
// (POWERTOOLS_LOG_LEVEL=INFO npx jest ... shows it again).
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
