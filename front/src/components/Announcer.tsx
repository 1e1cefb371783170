import { createContext, use, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export type AnnouncementTone = 'success' | 'error';
type Announce = (message: string, tone?: AnnouncementTone) => void;

interface Announcement {
  id: number;
  message: string;
  tone: AnnouncementTone;
}

const AnnouncerContext = createContext<Announce | null>(null);
const VISIBLE_MS = 5000;

/**
 * A toast that is also a polite live region, so "Added … to your cart" is both seen and heard. The region stays
 * in the DOM while empty: screen readers only announce changes to a live region they already know about.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<Announcement | null>(null);
  const nextId = useRef(0);

  const announce = useCallback<Announce>((message, tone = 'success') => {
    nextId.current += 1;
    setCurrent({ id: nextId.current, message, tone });
  }, []);

  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(() => setCurrent(null), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [current]);

  return (
    <AnnouncerContext value={announce}>
      {children}
      <div className="toast-region" role="status" aria-live="polite" aria-atomic="true">
        {current && (
          // A new key per announcement, so the same message twice is announced twice.
          <p key={current.id} className={`toast toast--${current.tone}`}>
            <ToastIcon tone={current.tone} />
            <span>{current.message}</span>
          </p>
        )}
      </div>
    </AnnouncerContext>
  );
}

export function useAnnounce(): Announce {
  const announce = use(AnnouncerContext);
  if (!announce) throw new Error('useAnnounce must be used inside <AnnouncerProvider>');
  return announce;
}

function ToastIcon({ tone }: { tone: AnnouncementTone }) {
  return (
    <svg
      className="toast__icon"
      viewBox="0 0 20 20"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="10" cy="10" r="10" fill="currentColor" />
      {tone === 'success' ? (
        <path d="M5.8 10.4l2.7 2.7 5.7-6" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path d="M10 5.5v5.5M10 14.2v.1" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
  );
}
