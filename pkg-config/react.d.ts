// The package's `assent/react` entry.
import type { ReactNode } from "react";

/** Whether `purpose` may run now, as the banner's engine decides; false until the banner starts. */
export function useConsent(purpose: string): boolean;

export interface ConsentProps {
  /** A purpose id of the site's policy, e.g. "analytics-cookies". */
  purpose: string;
  /** What to render while the purpose may not run (nothing unless given). */
  fallback?: ReactNode;
  children?: ReactNode;
}

/** Renders its children only while `purpose` may run. */
export function Consent(props: ConsentProps): ReactNode;
