import { useEffect, useRef, type ReactNode } from "react";

/**
 * A screen with one heading that receives focus when the screen appears, so screen readers
 * announce the change.
 */
export function Screen({
  title,
  children,
  className,
  testId,
}: {
  title: string;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <main className={`screen ${className ?? ""}`} data-testid={testId}>
      <h1 ref={heading} tabIndex={-1} className="screen-title">
        {title}
      </h1>
      {children}
    </main>
  );
}
