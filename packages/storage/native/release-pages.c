/*
 * releaseMappedPages(path): drops this process's page-table entries for every read-only shared mapping
 * of the file `path` (madvise MADV_DONTNEED), and returns how many bytes of mappings it covered.
 *
 * LMDB reads through a read-only, shared memory map of its data file, so every page a long scan
 * touches stays resident in the process (RssFile) until the mapping goes. For a shared file mapping,
 * MADV_DONTNEED only unmaps the pages from this process: the data stays in the file and in the kernel's
 * page cache, and a later access faults the current file contents back in. Nothing is lost or changed;
 * resident memory stops growing with the size of what was read.
 *
 * N-API only (node_api.h), so one build serves every Node version with N-API 8.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static napi_value release_mapped_pages(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
    napi_throw_type_error(env, NULL, "releaseMappedPages(path) takes the mapped file's path");
    return NULL;
  }
  char path[4096];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok || len == 0 || len >= sizeof path - 1) {
    napi_throw_type_error(env, NULL, "releaseMappedPages(path): path must be a non-empty string under 4095 bytes");
    return NULL;
  }
  FILE *maps = fopen("/proc/self/maps", "r");
  if (!maps) {
    napi_throw_error(env, NULL, "releaseMappedPages: cannot read /proc/self/maps");
    return NULL;
  }
  double released = 0;
  char line[8192];
  while (fgets(line, sizeof line, maps)) {
    unsigned long start, end;
    char perms[8];
    int name_at = 0;
    /* start-end perms offset dev inode   pathname */
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, perms, &name_at) < 3 || name_at == 0) continue;
    char *name = line + name_at;
    size_t n = strlen(name);
    while (n > 0 && (name[n - 1] == '\n' || name[n - 1] == ' ')) name[--n] = '\0';
    if (n != len || memcmp(name, path, len) != 0) continue;
    /* Only read-only shared mappings: never discard a writable or private (copy-on-write) page. */
    if (perms[1] != '-' || perms[3] != 's') continue;
    if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) released += (double)(end - start);
  }
  fclose(maps);
  napi_value result;
  napi_create_double(env, released, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "releaseMappedPages", NAPI_AUTO_LENGTH, release_mapped_pages, NULL, &fn);
  napi_set_named_property(env, exports, "releaseMappedPages", fn);
  return exports;
}
