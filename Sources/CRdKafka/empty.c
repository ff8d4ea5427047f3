/* Intentionally empty: SwiftPM needs one source file in a C target. All of CRdKafka is
 * declarations in include/CRdKafka.h; the functions are resolved at run time with dlsym. */
