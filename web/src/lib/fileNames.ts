// Names of the files the editor downloads: backups and exports.

/** A name safe as a file name: letters, digits, `-`, `_`; spaces become `-` ("project" if none is left). */
export function fileStem(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '-') || 'project'
  );
}

/** A project's backup: `<project-name>.omnios`. */
export const backupNameFor = (projectName: string): string => `${fileStem(projectName)}.omnios`;

/** A project's export: `<project-name>-<target>.zip` (`my-site-nextjs.zip`). */
export const zipNameFor = (projectName: string, target: string): string => `${fileStem(projectName)}-${target}.zip`;
