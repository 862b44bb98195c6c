import type { Resource } from './useAccountResource';
import { Alert } from '../shared/Alert';

interface ResourceStateProps<T> {
  resource: Resource<T>;
  /** What failed to load, as the alert's title: "Your sessions could not be loaded". */
  failureTitle: string;
  onRetry: () => void;
}

/** A section's failure to load, with "Try again"; nothing otherwise (its wait is in its SectionStatus). */
export function ResourceState<T>({ resource, failureTitle, onRetry }: ResourceStateProps<T>) {
  if (resource.kind === 'failed') {
    return (
      <Alert title={failureTitle} detail={[resource.problem.title, resource.problem.detail].filter(Boolean).join('. ')} takesFocus={resource.takesFocus}>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </Alert>
    );
  }
  return null;
}
