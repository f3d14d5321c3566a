import * as vscode from 'vscode';
import { parseDuration } from '../core/store/duration';
import { CoordError } from '../core/store/errors';
import { slugProblem } from '../core/store/slug';
import { windowRemedy } from './remedyCommand';

/** Input boxes validated as the user types, with the reason shown under the box. */
export async function askSlug(title: string, prompt: string, value = ''): Promise<string | undefined> {
  return vscode.window
    .showInputBox({
      title,
      prompt,
      value,
      placeHolder: 'lowercase letters, digits, ".", "_" or "-"',
      validateInput: (text) => {
        const problem = slugProblem(text.trim());
        return problem ? `This ${problem}.` : undefined;
      },
    })
    .then((v) => v?.trim());
}

export async function askText(
  title: string,
  prompt: string,
  options: {
    value?: string;
    optional?: boolean;
    maxLength?: number;
    multiline?: boolean;
    validate?: (text: string) => string | undefined;
  } = {},
): Promise<string | undefined> {
  const max = options.maxLength ?? 200;
  return vscode.window.showInputBox({
    title,
    prompt,
    value: options.value ?? '',
    validateInput: (text) => {
      if (!options.optional && text.trim().length === 0) return 'Required.';
      if (text.length > max) return `At most ${max} characters (now ${text.length}).`;
      return text.trim().length > 0 ? options.validate?.(text) : undefined;
    },
  });
}

export async function askProgress(title: string): Promise<number | undefined | null> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'Progress 0–100 (optional; Enter to skip)',
    validateInput: (t) =>
      t.trim() === '' || (/^\d+%?$/.test(t.trim()) && Number(t.trim().replace('%', '')) <= 100)
        ? undefined
        : 'A whole number from 0 to 100.',
  });
  if (text === undefined) return null;
  return text.trim() === '' ? undefined : Number(text.trim().replace('%', ''));
}

/** A lease length: common choices, or a custom one such as 45m or 1h30m. */
export async function askLease(title: string, defaultSeconds: number): Promise<number | undefined> {
  const choices = [
    { label: '30 minutes', seconds: 1800 },
    { label: '1 hour', seconds: 3600 },
    { label: '2 hours', seconds: 7200 },
    { label: '4 hours', seconds: 14400 },
    { label: 'Custom…', seconds: 0 },
  ];
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ ...c, description: c.seconds === defaultSeconds ? 'default' : undefined })),
    { title, placeHolder: 'Lease length (renewed by heartbeats)' },
  );
  if (!picked) return undefined;
  if (picked.seconds > 0) return picked.seconds;
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'Lease length, e.g. 45m, 90m, 1h30m',
    validateInput: (t) => {
      try {
        parseDuration(t, 'lease');
        return undefined;
      } catch (error) {
        return error instanceof CoordError ? `${error.message} — ${windowRemedy(error).text}` : String(error);
      }
    },
  });
  return text === undefined ? undefined : parseDuration(text, 'lease');
}
