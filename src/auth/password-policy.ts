/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest password accepted (argon2 would take any length; this bounds the work per login). */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * What is wrong with a new password, one sentence per problem; empty when it is acceptable:
 * at least 10 characters, at most 256, not the user name, not one character repeated.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`the password must have at least ${MIN_PASSWORD_LENGTH} characters (it has ${password.length})`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`the password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  if (password.toLowerCase().includes(username.toLowerCase()) && username.length >= 3) problems.push('the password must not contain the user name');
  if (password.length > 0 && new Set(password).size === 1) problems.push('the password must not be one character repeated');
  return problems;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** User names: 2–64 characters, lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const isValidUsername = (name: string): boolean => USERNAME.test(name);
