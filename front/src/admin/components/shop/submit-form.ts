import type { FormEvent, RefObject } from 'react';

/** A form's fields read into the request, or the message for each field in error. */
export type FormReading<Input, Errors> = { ok: true; input: Input } | { ok: false; errors: Errors };

/**
 * The submit of an admin form: nothing while a save is in flight; otherwise the fields are read, and either
 * sent, or their errors shown with the focus on the first field in error (where a screen reader hears why).
 */
export function submitForm<Input, Errors>(
  event: FormEvent,
  options: {
    pending: boolean;
    read: () => FormReading<Input, Errors>;
    setErrors: (errors: Errors | Record<string, never>) => void;
    form: RefObject<HTMLFormElement | null>;
    send: (input: Input) => void;
  },
): void {
  event.preventDefault();
  if (options.pending) return;
  const result = options.read();
  if (!result.ok) {
    options.setErrors(result.errors);
    requestAnimationFrame(() =>
      options.form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
    return;
  }
  options.setErrors({});
  options.send(result.input);
}
