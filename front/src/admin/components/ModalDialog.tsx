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
