import { type EntityClass, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

interface Conversion {
  name: string;
  convert: (value: unknown) => unknown;
}

const conversions = new WeakMap<object, Conversion[]>();

/** What hydration does to each property's value besides renaming its column; once per entity. */
function conversionsOf(em: EntityManager, entity: EntityClass<object>): Conversion[] {
  const meta = em.getMetadata().get(entity);
  let known = conversions.get(meta);
  if (known) return known;
  const platform = em.getPlatform();
  const convert = (prop: EntityProperty): Conversion['convert'] | undefined => {
    if (prop.customType) return (value) => prop.customType!.convertToJSValue(value, platform, { mode: 'serialization' });
    if (prop.runtimeType === 'boolean') return (value) => !!value;
    return undefined;
  };
  known = meta.props.flatMap((prop) => {
    if (prop.kind !== ReferenceKind.SCALAR || prop.embedded) throw new Error(`plainRows: ${meta.className}.${prop.name} is not a plain column`);
    const conversion = convert(prop);
    return conversion ? [{ name: prop.name, convert: conversion }] : [];
  });
  conversions.set(meta, known);
  return known;
}

/**
 * Rows of a raw select as plain, read-only objects of the entity's shape: property names and
 * values as `em.map` gives them (columns renamed, dates parsed, custom types converted), without
 * making managed entities. A managed entity costs an accessor per property, an identity-map entry
 * and a snapshot for change tracking: most of a search request's CPU, for rows that are only shown.
 * Not for rows that are changed and flushed. Entities with relations or embeddables are refused.
 * Properties whose columns the select left out are absent: type the result accordingly (`Omit`).
 */
export function plainRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Array<Record<string, unknown>>): Array<Readonly<T>> {
  const meta = em.getMetadata().get(entity);
  const driver = em.getDriver();
  const converted = conversionsOf(em, entity);
  return rows.map((raw) => {
    const row = driver.mapResult(raw as never, meta) as Record<string, unknown>;
    for (const { name, convert } of converted) {
      const value = row[name];
      if (value !== null && value !== undefined) row[name] = convert(value);
    }
    return row as Readonly<T>;
  });
}
