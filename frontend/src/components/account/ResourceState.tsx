import type { Resource } from '../../hooks/useAccountResource';
import { Alert } from '../Alert';
import { Spinner } from '../Spinner';

interface ResourceStateProps<T> {
  resource: Resource<T>;
  /** What is loading, for the spinner: "Loading sessions…". */
  loadingLabel: string;
  /** What failed to load, as the alert's title: "Your sessions could not be loaded". */
  failureTitle: string;
  onRetry: () => void;
}

/** A section's wait or its failure with "Try again"; nothing once its data is there. */
export function ResourceState<T>({ resource, loadingLabel, failureTitle, onRetry }: ResourceStateProps<T>) {
  if (resource.kind === 'loading') {
    return <Spinner label={loadingLabel} takesFocus={resource.takesFocus} />;
  }
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
