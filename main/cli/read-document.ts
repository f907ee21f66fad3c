// Reads a project file as JSON for the CLI; a missing or unparsable file is a message, not a throw.
import { readFile } from 'node:fs/promises';

export const readJsonFile = async (file: string): Promise<{ value?: unknown; error?: string }> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    return {
      error:
        code === 'ENOENT'
          ? `${file} does not exist.`
          : `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
};
