/*
 * netdelay QUEUE MILLIS: holds every packet of netfilter queue QUEUE for MILLIS, then lets it
 * through. The lab's WAN latency (`etcd-dr lab latency SITE MS`): this machine's kernel has no
 * netem qdisc, so the router namespace sends the traffic between two sites to this queue instead.
 * The delay is the same for every packet, so a FIFO keeps their order.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 65536

struct held {
  uint32_t id;
  struct timespec due;
};

static struct held fifo[SLOTS];
static size_t head, tail;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static struct nfq_q_handle *queue;
static long delay_ns;

static void later(struct timespec *t, long ns) {
  t->tv_nsec += ns;
  while (t->tv_nsec >= 1000000000L) {
    t->tv_nsec -= 1000000000L;
    t->tv_sec++;
  }
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa,
                     void *data) {
  (void)msg;
  (void)data;
  struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
  if (ph == NULL) {
    return 0;
  }
  uint32_t id = ntohl(ph->packet_id);
  pthread_mutex_lock(&lock);
  if ((tail + 1) % SLOTS == head) {
    pthread_mutex_unlock(&lock);
    return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL); /* full: never drop, pass at once */
  }
  fifo[tail].id = id;
  clock_gettime(CLOCK_MONOTONIC, &fifo[tail].due);
  later(&fifo[tail].due, delay_ns);
  tail = (tail + 1) % SLOTS;
  pthread_cond_signal(&arrived);
  pthread_mutex_unlock(&lock);
  return 0;
}

static void *release_when_due(void *unused) {
  (void)unused;
  for (;;) {
    pthread_mutex_lock(&lock);
    while (head == tail) {
      pthread_cond_wait(&arrived, &lock);
    }
    struct held next = fifo[head];
    pthread_mutex_unlock(&lock);
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next.due, NULL);
    nfq_set_verdict(queue, next.id, NF_ACCEPT, 0, NULL);
    pthread_mutex_lock(&lock);
    head = (head + 1) % SLOTS;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: netdelay QUEUE MILLIS\n");
    return 2;
  }
  int number = atoi(argv[1]);
  delay_ns = atol(argv[2]) * 1000000L;
  struct nfq_handle *h = nfq_open();
  if (h == NULL) {
    perror("netdelay: nfq_open");
    return 1;
  }
  queue = nfq_create_queue(h, (uint16_t)number, &on_packet, NULL);
  if (queue == NULL) {
    perror("netdelay: nfq_create_queue");
    return 1;
  }
  if (nfq_set_mode(queue, NFQNL_COPY_META, 0) < 0) {
    perror("netdelay: nfq_set_mode");
    return 1;
  }
  nfq_set_queue_maxlen(queue, SLOTS - 1);
  pthread_t releaser;
  pthread_create(&releaser, NULL, release_when_due, NULL);
  int fd = nfq_fd(h);
  char buf[65536] __attribute__((aligned));
  for (;;) {
    int n = recv(fd, buf, sizeof(buf), 0);
    if (n < 0) {
      if (errno == ENOBUFS || errno == EINTR) {
        continue;
      }
      perror("netdelay: recv");
      return 1;
    }
    nfq_handle_packet(h, buf, n);
  }
}
