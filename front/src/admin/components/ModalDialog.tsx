import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * The admin's modal: a native `<dialog>` opened and closed by React's state (`open`), so the page and the dialog
 * always agree; Escape closes it through `onClose` too. Its content is rendered only while open, given the id its
 * title must carry (the dialog is labelled by it).
 */
export function ModalDialog({
  open,
  onClose,
  children,
}: {
  open: boolean;
  onClose: () => void;
  children: (titleId: string) => ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      className="admin-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        // Escape: close through React's state, so the dialog and the page agree.
        event.preventDefault();
        onClose();
      }}
    >
      {open && children(titleId)}
    </dialog>
  );
}

/**
 * The foot of every admin dialog: the error of the last try (announced), "Cancel", and the action, which is
 * `aria-disabled` (still focusable, still announced) while it runs or cannot run, with a spinner while it runs.
 * A `submit` action submits the dialog's form; otherwise `onConfirm` runs.
 */
export function DialogFooter({
  error,
  onCancel,
  label,
  pending,
  disabled = false,
  tone = 'primary',
  describedBy,
  focusCancel = false,
  onConfirm,
}: {
  error: ReactNode;
  onCancel: () => void;
  label: ReactNode;
  pending: boolean;
  disabled?: boolean;
  tone?: 'primary' | 'danger';
  describedBy?: string;
  /** Focus starts on the way out (a stray Enter must not give money back). */
  focusCancel?: boolean;
  onConfirm?: () => void;
}) {
  return (
    <>
      <div role="alert" className="admin-dialog__alert">
        {error}
      </div>
      <div className="admin-dialog__actions">
        <button
          type="button"
          className="admin-button admin-button--secondary"
          autoFocus={focusCancel}
          onClick={onCancel}
        >
          Cancel
        </button>
        <button
          type={onConfirm ? 'button' : 'submit'}
          className={`admin-button admin-button--${tone}`}
          aria-disabled={pending || disabled}
          aria-describedby={describedBy}
          onClick={
            onConfirm
              ? () => {
                  if (!pending && !disabled) onConfirm();
                }
              : undefined
          }
        >
          {pending && <span className="spinner" aria-hidden="true" />}
          {label}
        </button>
      </div>
    </>
  );
}
