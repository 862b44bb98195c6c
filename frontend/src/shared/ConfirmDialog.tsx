import { useId, useLayoutEffect, useRef } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import './dialog.css';

interface ConfirmDialogProps {
  /** Shown while true: opened as a modal, so the rest of the page is inert until it closes. */
  open: boolean;
  /** The question, naming what will happen: "Sign out Safari on iPhone?". */
  title: string;
  /** What follows from it, in a sentence or two. */
  description: ReactNode;
  /** The action's own words: "Sign out", "Unlink"; never "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Called once the dialog has closed and focus is back on the control that opened it. */
  onConfirm: () => void;
  /** Cancel, Escape or a click outside: nothing happens. */
  onCancel: () => void;
}

const confirmed = 'confirm';

/**
 * A confirmation for a destructive action, in a native modal `<dialog>`: the browser keeps focus inside
 * and Escape closes it. Focus starts on Cancel, the choice that loses nothing, and goes back to the
 * control that opened the dialog as it closes, before onConfirm runs (which may move it on).
 */
export function ConfirmDialog({ open, title, description, confirmLabel, cancelLabel = 'Cancel', onConfirm, onCancel }: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  // Closed because the page said so (open became false): the page already knows; no callback.
  const closedByProps = useRef(false);
  const titleId = useId();
  const descriptionId = useId();

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.returnValue = '';
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      closedByProps.current = true;
      dialog.close();
    }
  }, [open]);

  const closed = () => {
    const dialog = dialogRef.current;
    const target = opener.current;
    opener.current = null;
    if (target instanceof HTMLElement && target.isConnected) {
      target.focus();
    }
    if (closedByProps.current) {
      closedByProps.current = false;
      return;
    }
    if (dialog?.returnValue === confirmed) {
      onConfirm();
    } else {
      onCancel();
    }
  };

  // The dialog box fills its element; a click on the element itself is on the backdrop around it.
  const clickedOutside = (event: MouseEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget) {
      event.currentTarget.close();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onClose={closed}
      onClick={clickedOutside}
    >
      <div className="confirm-dialog-box">
        <h2 id={titleId} className="confirm-dialog-title">
          {title}
        </h2>
        <div id={descriptionId} className="confirm-dialog-description">
          {description}
        </div>
        <div className="confirm-dialog-actions">
          <button ref={cancelRef} type="button" className="button button-secondary" onClick={() => dialogRef.current?.close()}>
            {cancelLabel}
          </button>
          <button type="button" className="button button-danger" onClick={() => dialogRef.current?.close(confirmed)}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
