package io.spirefy.pluginengine.api.spi;

/** WebAssembly number types a host function may take and return. */
public enum ValueType { I32, I64, F32, F64 }
