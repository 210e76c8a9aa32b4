// gdbstub_demo_target: serves the gdbstub library over TCP, backed by DemoMachine.
//   gdbstub_demo_target program.elf [port [harts]]   (port 0 or absent: any free port)
// Prints "listening on port N" once ready. Accepts one gdb at a time, again and again
// (detach + reconnect); exits after 120 s so a failed test never leaves it behind.
#include <arpa/inet.h>
#include <elf.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "demo_machine.hpp"

namespace {

class SocketSink final : public gh::gdbstub::ByteSink {
 public:
  void write(std::span<const uint8_t> bytes) override {
    size_t sent = 0;
    while (fd >= 0 && sent < bytes.size()) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }
  int fd = -1;
};

bool load_elf(const char* path, gh::demo::DemoMachine& machine, uint64_t& entry) {
  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> image((std::istreambuf_iterator<char>(file)), {});
  if (image.size() < sizeof(Elf64_Ehdr)) return false;
  const auto* header = reinterpret_cast<const Elf64_Ehdr*>(image.data());
  if (header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_machine != EM_RISCV) return false;
  for (unsigned i = 0; i < header->e_phnum; ++i) {
    const size_t offset = header->e_phoff + size_t{i} * header->e_phentsize;
    if (offset + sizeof(Elf64_Phdr) > image.size()) return false;
    const auto* segment = reinterpret_cast<const Elf64_Phdr*>(image.data() + offset);
    if (segment->p_type != PT_LOAD || segment->p_filesz == 0) continue;
    if (segment->p_offset + segment->p_filesz > image.size()) return false;
    for (uint64_t b = 0; b < segment->p_filesz; ++b) {
      if (!machine.memory().write(segment->p_paddr + b, 1, image[segment->p_offset + b]))
        return false;
    }
  }
  entry = header->e_entry;
  return true;
}

int listen_on(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 1) != 0) {
    std::perror("bind/listen");
    std::exit(1);
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  std::printf("listening on port %d\n", ntohs(address.sin_port));
  std::fflush(stdout);
  return fd;
}

// Polls `fd` for input, for longer when nothing runs.
bool readable(int fd, bool machine_running) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, machine_running ? 0 : 50) > 0;
}

void serve(int client, gh::demo::DemoMachine& machine, gh::gdbstub::GdbStub& stub,
           SocketSink& sink) {
  const int one = 1;
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sink.fd = client;
  stub.reset_session();
  for (;;) {
    if (readable(client, machine.any_running())) {
      uint8_t buffer[4096];
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) break;  // gdb went away
      stub.feed(std::span<const uint8_t>(buffer, static_cast<size_t>(n)));
    }
    machine.run_slice();
  }
  sink.fd = -1;
  ::close(client);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s program.elf [port]\n", argv[0]);
    return 2;
  }
  ::alarm(120);
  static gh::demo::DemoMachine machine;
  uint64_t entry = 0;
  if (!load_elf(argv[1], machine, entry)) {
    std::fprintf(stderr, "cannot load %s\n", argv[1]);
    return 1;
  }
  machine.reset(entry);
  if (argc > 3) machine.set_hart_count(static_cast<uint32_t>(std::atoi(argv[3])));
  SocketSink sink;
  static gh::gdbstub::GdbStub stub(machine, sink);
  machine.set_stub(&stub);
  const int server = listen_on(argc > 2 ? std::atoi(argv[2]) : 0);
  for (;;) {
    if (readable(server, machine.any_running())) {
      const int client = ::accept(server, nullptr, nullptr);
      if (client >= 0) serve(client, machine, stub, sink);
    }
    machine.run_slice();
  }
}
