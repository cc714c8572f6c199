export { BUNDLE_FILE, BUNDLE_MANIFEST_FILE, BUNDLE_TARGET, bundleHandler, findPrebuiltBundle, type BundleHandlerOptions, type HandlerBundle } from './bundling';
export { BundlingError, InvalidPlatformConfigError, InvalidRuleError, PavedPlatformError, UnrecognizedDeadLetterError } from './errors';
export { EVENT_BUS_NAME_ENV, EventHandler, HANDLER_RUNTIME, type EventHandlerBaseProps, type EventHandlerProps, type HandlerClass } from './event-handler';
export { EventHandlerAlarms, type EventHandlerAlarmsProps } from './event-handler-alarms';
