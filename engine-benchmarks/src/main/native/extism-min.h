/*
 * The few libextism 1.x C functions the floor probe calls, declared from their documented
 * signatures (extism.h of Extism 1.x): libextism ships no header in .libextism/.
 */
#ifndef PE_EXTISM_MIN_H
#define PE_EXTISM_MIN_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t ExtismSize;
typedef struct ExtismPlugin ExtismPlugin;
typedef struct ExtismCompiledPlugin ExtismCompiledPlugin;
typedef struct ExtismFunction ExtismFunction;
typedef struct ExtismCurrentPlugin ExtismCurrentPlugin;
typedef struct ExtismCancelHandle ExtismCancelHandle;

/* I32, I64 (= PTR), F32, F64 */
typedef enum { EXTISM_I32 = 0, EXTISM_I64 = 1, EXTISM_F32 = 2, EXTISM_F64 = 3 } ExtismValType;

typedef struct {
  ExtismValType t;
  union { int32_t i32; int64_t i64; float f32; double f64; } v;
} ExtismVal;

typedef void (*ExtismFunctionType)(ExtismCurrentPlugin *plugin, const ExtismVal *inputs, ExtismSize n_inputs,
                                   ExtismVal *outputs, ExtismSize n_outputs, void *data);

const char *extism_version(void);
ExtismFunction *extism_function_new(const char *name, const ExtismValType *inputs, ExtismSize n_inputs,
                                    const ExtismValType *outputs, ExtismSize n_outputs, ExtismFunctionType func,
                                    void *user_data, void (*free_user_data)(void *));
void extism_function_set_namespace(ExtismFunction *f, const char *ns);
void extism_function_free(ExtismFunction *f);
ExtismCompiledPlugin *extism_compiled_plugin_new(const uint8_t *wasm, ExtismSize wasm_size,
                                                 const ExtismFunction **functions, ExtismSize n_functions,
                                                 bool with_wasi, char **errmsg);
ExtismPlugin *extism_plugin_new_from_compiled(const ExtismCompiledPlugin *compiled, char **errmsg);
void extism_plugin_new_error_free(char *err);
void extism_plugin_free(ExtismPlugin *plugin);
int32_t extism_plugin_call(ExtismPlugin *plugin, const char *func_name, const uint8_t *data, ExtismSize data_len);
int32_t extism_plugin_call_with_host_context(ExtismPlugin *plugin, const char *func_name, const uint8_t *data,
                                             ExtismSize data_len, void *host_context);
const char *extism_plugin_error(ExtismPlugin *plugin);
ExtismSize extism_plugin_output_length(ExtismPlugin *plugin);
const uint8_t *extism_plugin_output_data(ExtismPlugin *plugin);
const ExtismCancelHandle *extism_plugin_cancel_handle(const ExtismPlugin *plugin);
bool extism_plugin_cancel(const ExtismCancelHandle *handle);

#endif
