import { dashboardAssetsDir, dashboardIsBuilt } from '../dashboard/assets';

/** The dashboard's built files, or undefined when the front end has not been built (the API still starts). */
export function dashboardDirectory(): string | undefined {
  return dashboardIsBuilt() ? dashboardAssetsDir() : undefined;
}
