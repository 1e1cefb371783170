/** The shop's mark: a cup on a saucer under a wisp of steam, on a terracotta tile. */
export function Logo({ size = 36 }: { size?: number }) {
  return (
    <svg className="logo" viewBox="0 0 40 40" width={size} height={size} aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="11" fill="var(--color-accent)" />
      <path
        d="M17 7.5c-1.6 1.7 1.6 3.3 0 5M22.5 7.5c-1.6 1.7 1.6 3.3 0 5"
        fill="none"
        stroke="#f8e3d3"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
      <path d="M10.5 16h19v5.5a8 8 0 0 1-8 8h-3a8 8 0 0 1-8-8z" fill="#fffaf4" />
      <path
        d="M29.5 18.2h1.3a3.2 3.2 0 0 1 0 6.4h-2.2"
        fill="none"
        stroke="#fffaf4"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
      <rect x="8" y="31" width="24" height="2.6" rx="1.3" fill="#f8e3d3" />
    </svg>
  );
}
