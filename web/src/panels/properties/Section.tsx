// One titled section of the properties panel (a region named by its title).
import type { ReactNode } from 'react';

export function Section({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <section className={`panel-section${className === undefined ? '' : ` ${className}`}`} aria-label={title}>
      <h3 className="section-title">{title}</h3>
      {children}
    </section>
  );
}
