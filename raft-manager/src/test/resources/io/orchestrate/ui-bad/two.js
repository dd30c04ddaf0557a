export const b = 22222222;
