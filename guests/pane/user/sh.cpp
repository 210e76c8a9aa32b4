// sh: the shell. Each line is a command and its arguments, with optional redirections
// (`< file`, `> file`) and at most one pipe (`a | b`). Built in: `exit`.
#include "pane.hpp"

namespace {

constexpr int kMaxWords = 16;

struct Command {
  const char* argv[kMaxWords + 1];
  const char* input;   // < file, or nullptr
  const char* output;  // > file, or nullptr
};

// Fills command from words[0..count); false on a syntax error.
bool parse(char** words, int count, Command* command) {
  *command = Command{};
  int argc = 0;
  for (int i = 0; i < count; i++) {
    bool redirect = strcmp(words[i], "<") == 0 || strcmp(words[i], ">") == 0;
    if (redirect) {
      if (i + 1 == count) return false;
      (words[i][0] == '<' ? command->input : command->output) = words[i + 1];
      i++;
    } else {
      command->argv[argc++] = words[i];
    }
  }
  command->argv[argc] = nullptr;
  return argc > 0;
}

// Replaces descriptor fd with the file at path (in the child, before exec).
void redirect(int fd, const char* path, int flags) {
  close(fd);
  if (open(path, flags) != fd) {
    fprintf(kStderr, "sh: cannot open %s\n", path);
    exit(1);
  }
}

[[noreturn]] void execute(const Command& command) {
  if (command.input) redirect(kStdin, command.input, O_READ);
  if (command.output) redirect(kStdout, command.output, O_WRITE | O_CREATE | O_TRUNCATE);
  char path[64] = "/";
  strlcpy_pane(path + 1, command.argv[0], sizeof path - 1);
  exec(path, command.argv);
  fprintf(kStderr, "sh: cannot run %s\n", command.argv[0]);
  exit(127);
}

// Starts `command` with `from`/`to` (if >= 0) as its standard input/output.
int spawn(const Command& command, int from, int to) {
  int pid = fork();
  if (pid == 0) {
    if (from >= 0) {
      close(kStdin);
      dup(from);
    }
    if (to >= 0) {
      close(kStdout);
      dup(to);
    }
    for (int fd = 3; fd < 16; fd++) close(fd);
    execute(command);
  }
  return pid;
}

void run_line(char* line) {
  char* words[kMaxWords];
  int count = split_words(line, words, kMaxWords);
  if (count == 0) return;
  if (strcmp(words[0], "exit") == 0) exit(0);
  int bar = -1;
  for (int i = 0; i < count; i++) {
    if (strcmp(words[i], "|") == 0) bar = i;
  }
  Command left, right;
  if (!parse(words, bar < 0 ? count : bar, &left) ||
      (bar >= 0 && !parse(words + bar + 1, count - bar - 1, &right))) {
    fprintf(kStderr, "sh: syntax error\n");
    return;
  }
  if (bar < 0) {
    spawn(left, -1, -1);
    wait(nullptr);
    return;
  }
  int fds[2];
  if (pipe(fds) < 0) {
    fprintf(kStderr, "sh: cannot make a pipe\n");
    return;
  }
  spawn(left, -1, fds[1]);
  spawn(right, fds[0], -1);
  close(fds[0]);
  close(fds[1]);
  wait(nullptr);
  wait(nullptr);
}

}  // namespace

int main() {
  char line[128];
  for (;;) {
    printf("$ ");
    if (read_line(kStdin, line, sizeof line) < 0) return 0;  // end of input
    run_line(line);
  }
}
