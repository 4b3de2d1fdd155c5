// The small red button a table row uses to end sessions. Every revoke action looks the same, and the
// end-to-end tests find these buttons by their label.
import type { ReactNode } from "react";

export function RevokeButton({ disabled, onClick, children }: { disabled: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="button small danger" disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}
