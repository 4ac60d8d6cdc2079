import { checkBearer } from './bearer-auth';

describe('checkBearer', () => {
  it.each([
    [undefined, 401],
    ['', 401],
    ['Basic dXNlcjpwYXNz', 401],
    ['Bearer', 401],
    ['Bearer wrong', 403],
    ['Bearer s3cret-but-longer', 403],
    ['Bearer s3cret', 200],
    ['bearer s3cret', 200],
  ])('%p → %d', (header, status) => {
    const decision = checkBearer(header, 's3cret');
    expect(decision.ok ? 200 : decision.status).toBe(status);
  });
});
