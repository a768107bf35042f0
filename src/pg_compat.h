/*-------------------------------------------------------------------------
 *
 * pg_compat.h
 *	  What differs between the PostgreSQL majors jxlink is built for (15 to
 *	  18), in one place.  Include after postgres.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_PG_COMPAT_H
#define JXLINK_PG_COMPAT_H

/* 16 moved the varlena macros (VARDATA, VARSIZE_ANY ...) to varatt.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 18 spells "does not return" pg_noreturn, before the declaration, and drops
 * pg_attribute_noreturn(); before 18 that one's gcc attribute may stand
 * there too.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * A GUC check hook's "extra" is freed by the GUC machinery: with free() up
 * to 15, with guc_free() from 16 on, so it must come from guc_malloc() there.
 */
#if PG_VERSION_NUM >= 160000
#include "utils/guc.h"
#define jx_guc_extra_alloc(size) guc_malloc(LOG, (size))
#else
#define jx_guc_extra_alloc(size) malloc(size)
#endif

/* 16 replaced the per-class ownership checks by object_ownercheck(). */
#if PG_VERSION_NUM >= 160000
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
#include "utils/acl.h"
#define jx_extension_ownercheck(oid, role) object_ownercheck(ExtensionRelationId, (oid), (role))
#define jx_namespace_ownercheck(oid, role) object_ownercheck(NamespaceRelationId, (oid), (role))
#else
#include "utils/acl.h"
#define jx_extension_ownercheck(oid, role) pg_extension_ownercheck((oid), (role))
#define jx_namespace_ownercheck(oid, role) pg_namespace_ownercheck((oid), (role))
#endif

#endif							/* JXLINK_PG_COMPAT_H */
