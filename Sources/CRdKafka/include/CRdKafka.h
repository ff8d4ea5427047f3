/*
 * CRdKafka.h - a hand-written mirror of the small part of librdkafka's C ABI that
 * LangfarmKafka calls.
 *
 * Why a mirror instead of <librdkafka/rdkafka.h>: librdkafka is loaded at run time with
 * dlopen(), so building the package must need nothing but the Swift toolchain (no
 * librdkafka-dev headers, no link step). Swift only needs the *types*: the struct layouts
 * we read or fill in, the constant values we pass, and one function-pointer typedef per
 * function, which dlsym() results are cast to.
 *
 * Everything here is copied by hand from the declarations of librdkafka 2.x and was checked
 * against the real header (sizes, offsets, constant values and, for every function, that the
 * real function converts to our typedef without a warning): see abi-check/ in this package.
 * The mirrored structs and constants are part of librdkafka's stable ABI (unchanged since
 * 1.x; rd_kafka_vu_t since 1.4, padded to 64 bytes for future growth).
 *
 * Naming: types and constants keep librdkafka's names; function-pointer typedefs are
 * `<function>_fn`. When the real header was included first (only abi-check does that), the
 * type mirrors are skipped and only the typedefs are declared, so the compiler itself
 * checks them against the real prototypes.
 */
#ifndef LANGFARM_CRDKAFKA_H
#define LANGFARM_CRDKAFKA_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

#ifndef _RDKAFKA_H_ /* types and constants: skipped when the real header is present */

/* ---- Opaque handles (never dereferenced) ---- */
typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_topic_s rd_kafka_topic_t;
typedef struct rd_kafka_conf_s rd_kafka_conf_t;
typedef struct rd_kafka_queue_s rd_kafka_queue_t;
typedef struct rd_kafka_op_s rd_kafka_event_t;
typedef struct rd_kafka_topic_result_s rd_kafka_topic_result_t;
typedef struct rd_kafka_error_s rd_kafka_error_t;
typedef struct rd_kafka_headers_s rd_kafka_headers_t;
typedef struct rd_kafka_AdminOptions_s rd_kafka_AdminOptions_t;
typedef struct rd_kafka_NewTopic_s rd_kafka_NewTopic_t;
/* In librdkafka every *_result_t is the event itself. */
typedef rd_kafka_event_t rd_kafka_CreateTopics_result_t;

/* ---- Enums (C enums are int-sized; values as in rdkafka.h) ---- */
typedef enum rd_kafka_type_t {
        RD_KAFKA_PRODUCER = 0,
        RD_KAFKA_CONSUMER = 1
} rd_kafka_type_t;

typedef enum {
        RD_KAFKA_CONF_UNKNOWN = -2,
        RD_KAFKA_CONF_INVALID = -1,
        RD_KAFKA_CONF_OK = 0
} rd_kafka_conf_res_t;

/* Only the codes Swift code names; any other value is still carried through as a number
 * and described with rd_kafka_err2str()/rd_kafka_err2name(). */
typedef enum {
        RD_KAFKA_RESP_ERR__DESTROY = -197,
        RD_KAFKA_RESP_ERR__TRANSPORT = -195,
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT = -192,
        RD_KAFKA_RESP_ERR__PARTITION_EOF = -191,
        RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION = -190,
        RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC = -188,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN = -187,
        RD_KAFKA_RESP_ERR__INVALID_ARG = -186,
        RD_KAFKA_RESP_ERR__TIMED_OUT = -185,
        RD_KAFKA_RESP_ERR__QUEUE_FULL = -184,
        RD_KAFKA_RESP_ERR__FATAL = -150,
        RD_KAFKA_RESP_ERR_NO_ERROR = 0,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART = 3,
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE = 10,
        RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS = 36
} rd_kafka_resp_err_t;

typedef enum rd_kafka_vtype_t {
        RD_KAFKA_VTYPE_END = 0,
        RD_KAFKA_VTYPE_TOPIC = 1,
        RD_KAFKA_VTYPE_RKT = 2,
        RD_KAFKA_VTYPE_PARTITION = 3,
        RD_KAFKA_VTYPE_VALUE = 4,
        RD_KAFKA_VTYPE_KEY = 5,
        RD_KAFKA_VTYPE_OPAQUE = 6,
        RD_KAFKA_VTYPE_MSGFLAGS = 7,
        RD_KAFKA_VTYPE_TIMESTAMP = 8,
        RD_KAFKA_VTYPE_HEADER = 9,
        RD_KAFKA_VTYPE_HEADERS = 10
} rd_kafka_vtype_t;

typedef enum rd_kafka_admin_op_t {
        RD_KAFKA_ADMIN_OP_ANY = 0,
        RD_KAFKA_ADMIN_OP_CREATETOPICS = 1
} rd_kafka_admin_op_t;

/* In rdkafka.h these are #defines; enums make them visible to Swift with a fixed type. */
enum {
        RD_KAFKA_MSG_F_FREE = 0x1,
        RD_KAFKA_MSG_F_COPY = 0x2,
        RD_KAFKA_MSG_F_BLOCK = 0x4
};
typedef int rd_kafka_event_type_t;
enum { RD_KAFKA_EVENT_CREATETOPICS_RESULT = 100 };
static const int32_t RD_KAFKA_PARTITION_UA = -1;     /* let the partitioner choose */
static const int64_t RD_KAFKA_OFFSET_BEGINNING = -2; /* consume from the first offset */
static const int64_t RD_KAFKA_OFFSET_INVALID = -1001;

/* ---- Structs whose fields Swift reads or writes ---- */

/* A produced (delivery report) or consumed message. */
typedef struct rd_kafka_message_s {
        rd_kafka_resp_err_t err;
        rd_kafka_topic_t *rkt;
        int32_t partition;
        void *payload;
        size_t len;
        void *key;
        size_t key_len;
        int64_t offset;
        void *_private; /* producer delivery report: the msg opaque given to produceva */
} rd_kafka_message_t;

/* One argument of rd_kafka_produceva(): a type tag and a 64-byte value union. */
typedef struct rd_kafka_vu_s {
        rd_kafka_vtype_t vtype;
        union {
                const char *cstr;
                rd_kafka_topic_t *rkt;
                int i;
                int32_t i32;
                int64_t i64;
                struct {
                        void *ptr;
                        size_t size;
                } mem;
                struct {
                        const char *name;
                        const void *val;
                        ssize_t size;
                } header;
                rd_kafka_headers_t *headers;
                void *ptr;
                char _pad[64];
        } u;
} rd_kafka_vu_t;

typedef struct rd_kafka_topic_partition_s {
        char *topic;
        int32_t partition;
        int64_t offset;
        void *metadata;
        size_t metadata_size;
        void *opaque;
        rd_kafka_resp_err_t err;
        void *_private;
} rd_kafka_topic_partition_t;

typedef struct rd_kafka_topic_partition_list_s {
        int cnt;
        int size;
        rd_kafka_topic_partition_t *elems;
} rd_kafka_topic_partition_list_t;

#endif /* _RDKAFKA_H_ */

/* ---- Callback types ---- */
typedef void (*rd_kafka_dr_msg_cb_t)(rd_kafka_t *rk,
                                     const rd_kafka_message_t *rkmessage,
                                     void *opaque);
typedef void (*rd_kafka_log_cb_t)(const rd_kafka_t *rk, int level,
                                  const char *fac, const char *buf);
typedef void (*rd_kafka_error_cb_t)(rd_kafka_t *rk, int err,
                                    const char *reason, void *opaque);

/* ---- Function-pointer types, one per function resolved with dlsym ---- */

/* library */
typedef const char *(*rd_kafka_version_str_fn)(void);
typedef int (*rd_kafka_version_fn)(void);
typedef const char *(*rd_kafka_err2str_fn)(rd_kafka_resp_err_t err);
typedef const char *(*rd_kafka_err2name_fn)(rd_kafka_resp_err_t err);
typedef rd_kafka_resp_err_t (*rd_kafka_last_error_fn)(void);

/* configuration */
typedef rd_kafka_conf_t *(*rd_kafka_conf_new_fn)(void);
typedef void (*rd_kafka_conf_destroy_fn)(rd_kafka_conf_t *conf);
typedef rd_kafka_conf_res_t (*rd_kafka_conf_set_fn)(rd_kafka_conf_t *conf,
                                                    const char *name,
                                                    const char *value,
                                                    char *errstr,
                                                    size_t errstr_size);
typedef void (*rd_kafka_conf_set_opaque_fn)(rd_kafka_conf_t *conf, void *opaque);
typedef void (*rd_kafka_conf_set_dr_msg_cb_fn)(rd_kafka_conf_t *conf,
                                               rd_kafka_dr_msg_cb_t dr_msg_cb);
typedef void (*rd_kafka_conf_set_log_cb_fn)(rd_kafka_conf_t *conf,
                                            rd_kafka_log_cb_t log_cb);
typedef void (*rd_kafka_conf_set_error_cb_fn)(rd_kafka_conf_t *conf,
                                              rd_kafka_error_cb_t error_cb);

/* client handle */
typedef rd_kafka_t *(*rd_kafka_new_fn)(rd_kafka_type_t type, rd_kafka_conf_t *conf,
                                       char *errstr, size_t errstr_size);
typedef void (*rd_kafka_destroy_fn)(rd_kafka_t *rk);
typedef void *(*rd_kafka_opaque_fn)(const rd_kafka_t *rk);
typedef int (*rd_kafka_poll_fn)(rd_kafka_t *rk, int timeout_ms);
typedef rd_kafka_resp_err_t (*rd_kafka_flush_fn)(rd_kafka_t *rk, int timeout_ms);
typedef int (*rd_kafka_outq_len_fn)(rd_kafka_t *rk);

/* producing */
typedef rd_kafka_error_t *(*rd_kafka_produceva_fn)(rd_kafka_t *rk,
                                                   const rd_kafka_vu_t *vus,
                                                   size_t cnt);
typedef rd_kafka_resp_err_t (*rd_kafka_error_code_fn)(const rd_kafka_error_t *error);
typedef const char *(*rd_kafka_error_string_fn)(const rd_kafka_error_t *error);
typedef void (*rd_kafka_error_destroy_fn)(rd_kafka_error_t *error);
typedef rd_kafka_resp_err_t (*rd_kafka_fatal_error_fn)(rd_kafka_t *rk, char *errstr, size_t errstr_size);

/* consuming */
typedef rd_kafka_resp_err_t (*rd_kafka_poll_set_consumer_fn)(rd_kafka_t *rk);
typedef rd_kafka_topic_partition_list_t *(*rd_kafka_topic_partition_list_new_fn)(int size);
typedef rd_kafka_topic_partition_t *(*rd_kafka_topic_partition_list_add_fn)(
    rd_kafka_topic_partition_list_t *rktparlist, const char *topic, int32_t partition);
typedef void (*rd_kafka_topic_partition_list_destroy_fn)(
    rd_kafka_topic_partition_list_t *rkparlist);
typedef rd_kafka_resp_err_t (*rd_kafka_subscribe_fn)(
    rd_kafka_t *rk, const rd_kafka_topic_partition_list_t *topics);
typedef rd_kafka_resp_err_t (*rd_kafka_assign_fn)(
    rd_kafka_t *rk, const rd_kafka_topic_partition_list_t *partitions);
typedef rd_kafka_message_t *(*rd_kafka_consumer_poll_fn)(rd_kafka_t *rk, int timeout_ms);
typedef rd_kafka_resp_err_t (*rd_kafka_consumer_close_fn)(rd_kafka_t *rk);
typedef void (*rd_kafka_message_destroy_fn)(rd_kafka_message_t *rkmessage);
typedef const char *(*rd_kafka_topic_name_fn)(const rd_kafka_topic_t *rkt);
typedef rd_kafka_resp_err_t (*rd_kafka_message_headers_fn)(
    const rd_kafka_message_t *rkmessage, rd_kafka_headers_t **hdrsp);
typedef rd_kafka_resp_err_t (*rd_kafka_header_get_all_fn)(const rd_kafka_headers_t *hdrs,
                                                          size_t idx,
                                                          const char **namep,
                                                          const void **valuep,
                                                          size_t *sizep);

/* Admin API: creating topics */
typedef rd_kafka_NewTopic_t *(*rd_kafka_NewTopic_new_fn)(const char *topic,
                                                         int num_partitions,
                                                         int replication_factor,
                                                         char *errstr,
                                                         size_t errstr_size);
typedef void (*rd_kafka_NewTopic_destroy_fn)(rd_kafka_NewTopic_t *new_topic);
typedef rd_kafka_AdminOptions_t *(*rd_kafka_AdminOptions_new_fn)(rd_kafka_t *rk,
                                                                 rd_kafka_admin_op_t for_api);
typedef void (*rd_kafka_AdminOptions_destroy_fn)(rd_kafka_AdminOptions_t *options);
typedef rd_kafka_resp_err_t (*rd_kafka_AdminOptions_set_request_timeout_fn)(
    rd_kafka_AdminOptions_t *options, int timeout_ms, char *errstr, size_t errstr_size);
typedef rd_kafka_resp_err_t (*rd_kafka_AdminOptions_set_operation_timeout_fn)(
    rd_kafka_AdminOptions_t *options, int timeout_ms, char *errstr, size_t errstr_size);
typedef void (*rd_kafka_CreateTopics_fn)(rd_kafka_t *rk,
                                         rd_kafka_NewTopic_t **new_topics,
                                         size_t new_topic_cnt,
                                         const rd_kafka_AdminOptions_t *options,
                                         rd_kafka_queue_t *rkqu);
typedef rd_kafka_queue_t *(*rd_kafka_queue_new_fn)(rd_kafka_t *rk);
typedef void (*rd_kafka_queue_destroy_fn)(rd_kafka_queue_t *rkqu);
typedef rd_kafka_event_t *(*rd_kafka_queue_poll_fn)(rd_kafka_queue_t *rkqu, int timeout_ms);
typedef rd_kafka_event_type_t (*rd_kafka_event_type_fn)(const rd_kafka_event_t *rkev);
typedef void (*rd_kafka_event_destroy_fn)(rd_kafka_event_t *rkev);
typedef rd_kafka_resp_err_t (*rd_kafka_event_error_fn)(rd_kafka_event_t *rkev);
typedef const char *(*rd_kafka_event_error_string_fn)(rd_kafka_event_t *rkev);
typedef const rd_kafka_CreateTopics_result_t *(*rd_kafka_event_CreateTopics_result_fn)(
    rd_kafka_event_t *rkev);
typedef const rd_kafka_topic_result_t **(*rd_kafka_CreateTopics_result_topics_fn)(
    const rd_kafka_CreateTopics_result_t *result, size_t *cntp);
typedef rd_kafka_resp_err_t (*rd_kafka_topic_result_error_fn)(
    const rd_kafka_topic_result_t *topicres);
typedef const char *(*rd_kafka_topic_result_error_string_fn)(
    const rd_kafka_topic_result_t *topicres);
typedef const char *(*rd_kafka_topic_result_name_fn)(const rd_kafka_topic_result_t *topicres);

#endif /* LANGFARM_CRDKAFKA_H */
