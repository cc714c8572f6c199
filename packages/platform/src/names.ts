import { DEFAULT_BUS_NAME } from '@paved/events';
import { InvalidPlatformConfigError } from './errors';

/** The physical names of the shared platform resources, derived from the bus name in one place. */
export interface PlatformNames {
  /** The custom EventBridge bus. */
  readonly busName: string;
  /** The bus's archive (replay source). */
  readonly archiveName: string;
  /** The EventBridge schema registry holding every contract. */
  readonly registryName: string;
  /** The SNS topic alarms notify when a service configures no topic of its own. */
  readonly alarmTopicName: string;
  /** A service's CloudWatch dashboard. */
  dashboardName(service: string): string;
  /** A service's API Gateway HTTP API. */
  apiName(service: string): string;
}

/**
 * Every shared name, from one bus name: how a service stack finds the platform's resources without hard-coded
 * strings or cross-stack exports. Use one bus name per stage (`paved-dev`, `paved-prod`) when stages share an account.
 *
 * @example
 * const names = platformNames('paved-dev');
 * events.EventBus.fromEventBusName(this, 'Bus', names.busName);
 */
export function platformNames(busName: string = DEFAULT_BUS_NAME): PlatformNames {
  // 40 keeps every derived name within its service's limit (archive names: 48 characters).
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(busName)) {
    throw new InvalidPlatformConfigError(
      `Invalid bus name ${JSON.stringify(busName)}: use 1-40 letters, digits, "-" or "_", such as "paved" or "paved-dev".`,
    );
  }
  return {
    busName,
    archiveName: `${busName}-archive`,
    registryName: `${busName}-contracts`,
    alarmTopicName: `${busName}-alarms`,
    dashboardName: (service) => `${busName}-${service}`,
    apiName: (service) => `${busName}-${service}`,
  };
}
