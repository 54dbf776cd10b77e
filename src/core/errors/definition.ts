export interface ErrorDefinition {
  readonly description: string;
  readonly retryable: boolean;
}
