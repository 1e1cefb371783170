import { ApiError } from '../api/api-client';

interface ErrorStateProps {
  title: string;
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
  headingLevel?: 1 | 2;
}

/** What went wrong, in words, and a way to try again. */
export function ErrorState({ title, error, onRetry, retrying = false, headingLevel = 2 }: ErrorStateProps) {
  const Heading = `h${headingLevel}` as const;
  const message =
    error instanceof ApiError ? error.message : 'Something went wrong on our side. Please try again.';
  return (
    <div className="notice notice--error" role="alert">
      <Heading className="notice__title" tabIndex={headingLevel === 1 ? -1 : undefined}>
        {title}
      </Heading>
      <p className="notice__text">{message}</p>
      <button
        type="button"
        className="button button--secondary"
        aria-disabled={retrying}
        onClick={() => {
          if (!retrying) onRetry();
        }}
      >
        {retrying ? 'Trying again…' : 'Try again'}
      </button>
    </div>
  );
}
