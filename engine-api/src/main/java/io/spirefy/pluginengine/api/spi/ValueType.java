package io.spirefy.pluginengine.api.spi;

/** WebAssembly number types a host function may take and return. */
public enum ValueType {
    /** 32-bit integer, in the low 32 bits of its {@code long}. */
    I32,
    /** 64-bit integer. */
    I64,
    /** 32-bit float, as its raw bits ({@link Float#floatToRawIntBits}) in the low 32 bits. */
    F32,
    /** 64-bit float, as its raw bits ({@link Double#doubleToRawLongBits}). */
    F64
}
