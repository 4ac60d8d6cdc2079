import { Type } from '@sinclair/typebox';

/** duckv1.Addressable: one address of a resource (`name` e.g. http/https, `url`, CA bundle, OIDC audience). */
export const AddressableSchema = Type.Object({
  name: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  CACerts: Type.Optional(Type.String()),
  audience: Type.Optional(Type.String()),
});
export interface Addressable {
  name?: string;
  url?: string;
  CACerts?: string;
  audience?: string;
}

/** duckv1.AddressStatus fields, to spread into a status schema. */
export const AddressStatusFields = {
  address: Type.Optional(AddressableSchema),
  addresses: Type.Optional(Type.Array(AddressableSchema)),
};
export interface AddressStatus {
  address?: Addressable;
  addresses?: Addressable[];
}
