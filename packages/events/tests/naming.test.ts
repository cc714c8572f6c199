import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { camelCase, findWorkspaceRoot, kebabCase, pascalCase, WorkspaceNotFoundError } from '../src';

describe('naming', () => {
  it.each([
    ['reserve-stock', 'ReserveStock', 'reserveStock', 'reserve-stock'],
    ['Image Uploaded', 'ImageUploaded', 'imageUploaded', 'image-uploaded'],
    ['user_signup', 'UserSignup', 'userSignup', 'user-signup'],
    ['OrderCreated', 'OrderCreated', 'orderCreated', 'order-created'],
  ])('spells %s as %s, %s and %s', (text, pascal, camel, kebab) => {
    expect([pascalCase(text), camelCase(text), kebabCase(text)]).toEqual([pascal, camel, kebab]);
  });
});

describe('findWorkspaceRoot', () => {
  it('finds the nearest folder with nx.json at or above the given one', () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'));
    writeFileSync(join(root, 'nx.json'), '{}');
    mkdirSync(join(root, 'services', 'orders'), { recursive: true });
    expect(findWorkspaceRoot(join(root, 'services', 'orders'))).toBe(root);
    expect(findWorkspaceRoot(root)).toBe(root);
  });

  it('says where it looked when there is no workspace', () => {
    const outside = mkdtempSync(join(tmpdir(), 'no-ws-'));
    expect(() => findWorkspaceRoot(outside)).toThrow(WorkspaceNotFoundError);
    expect(() => findWorkspaceRoot(outside)).toThrow(`No nx.json in ${outside} or any folder above it`);
  });
});
