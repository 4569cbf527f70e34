#include "kernel/path_walk.h"

#include <deque>

#include "kernel/errno.h"
#include "kernel/vfs.h"

namespace lstar::kernel {
namespace {

bool is_type(const FileStat& st, uint32_t type) {
  return (st.mode & 0170000) == type;
}

std::string join(const std::vector<std::string>& parts) {
  std::string path;
  for (const std::string& p : parts) path.append(1, '/').append(p);
  return path.empty() ? std::string(1, '/') : path;
}

// Whether `prefix` (a mount point, "/" or "/a/b") is `path` or above it.
bool covers(const std::string& prefix, const std::string& path) {
  if (prefix == "/") return true;
  return path.compare(0, prefix.size(), prefix) == 0 &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

void split_into(std::string_view path, std::deque<std::string>* todo, bool front) {
  std::vector<std::string> parts;
  for (size_t i = 0; i <= path.size();) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (front)
    todo->insert(todo->begin(), parts.begin(), parts.end());
  else
    todo->insert(todo->end(), parts.begin(), parts.end());
}

bool only_dots(const std::deque<std::string>& todo) {
  for (const std::string& p : todo)
    if (p != ".") return false;
  return true;
}

}  // namespace

int64_t namespace_lstat(const Namespace& ns, const std::string& path, Walked* out) {
  out->path = path;
  out->mount = nullptr;
  out->inner.clear();
  // The synthetic tree comes first: /dev, /proc and /sys are lstar's own
  // whatever is mounted at "/".
  if (ns.synthetic_lstat && path != "/") {
    const int64_t e = ns.synthetic_lstat(path, &out->st);
    if (e <= 0) return e;
  }
  const Mount* best = nullptr;
  for (const Mount& m : ns.mounts)
    if (covers(m.point, path) && (!best || m.point.size() > best->point.size())) best = &m;
  bool above_mount = false;
  for (const Mount& m : ns.mounts)
    if (m.point != path && covers(path, m.point) && (!best || m.point.size() > best->point.size()))
      above_mount = true;
  int64_t e = -kENOENT;
  if (best) {
    out->mount = best;
    const std::string rest = path.substr(best->point == "/" ? 0 : best->point.size());
    std::deque<std::string> parts;
    split_into(rest, &parts, false);
    out->inner.assign(parts.begin(), parts.end());
    e = best->fs->lstat(out->inner, &out->st);
  } else if (ns.synthetic_lstat && path == "/") {
    e = ns.synthetic_lstat(path, &out->st);
  }
  // The directories a mount point lies in exist, as the mount's own
  // directory does in Linux's parent file system.
  if (e != 0 && above_mount) {
    out->mount = nullptr;
    out->st = FileStat{};
    out->st.dev = make_dev(0, 1);
    out->st.ino = 100 + path.size();
    out->st.nlink = 2;
    out->st.mode = kSIfDir | 0755;
    out->st.size = 4096;
    out->st.blocks = 8;
    e = 0;
  }
  return e;
}

int64_t walk_path(const Namespace& ns, std::string_view absolute, bool follow_last, Walked* out) {
  if (absolute.empty()) return -kENOENT;
  if (absolute.size() >= static_cast<size_t>(kPathMax)) return -kENAMETOOLONG;
  const bool trailing_slash = absolute.size() > 1 && absolute.back() == '/';
  if (trailing_slash) follow_last = true;
  std::deque<std::string> todo;
  split_into(absolute, &todo, false);
  std::vector<std::string> done;
  int links = 0;
  Walked here;
  if (int64_t e = namespace_lstat(ns, "/", &here)) return e;
  while (!todo.empty()) {
    std::string name = std::move(todo.front());
    todo.pop_front();
    if (name == ".") continue;
    if (name.size() > kNameMax) return -kENAMETOOLONG;
    if (name == "..") {
      if (!done.empty()) done.pop_back();
      if (int64_t e = namespace_lstat(ns, join(done), &here)) return e;
      continue;
    }
    done.push_back(std::move(name));
    const bool last = only_dots(todo);
    const int64_t e = namespace_lstat(ns, join(done), &here);
    if (e == -kENOENT && last && todo.empty()) {
      *out = std::move(here);
      out->exists = false;
      return 0;
    }
    if (e) return e;
    if (is_type(here.st, kSIfLnk) && (!last || follow_last || !todo.empty())) {
      if (++links > kMaxSymlinks) return -kELOOP;
      std::string target;
      const int64_t r =
          here.mount
              ? here.mount->fs->readlink(here.inner, &target)
              : (ns.synthetic_readlink ? ns.synthetic_readlink(here.path, &target) : -kENOENT);
      if (r) return r;
      if (target.empty()) return -kENOENT;
      done.pop_back();
      if (target[0] == '/') done.clear();
      split_into(target, &todo, true);
      if (int64_t e2 = namespace_lstat(ns, join(done), &here)) return e2;
      continue;
    }
    if ((!last || !todo.empty()) && !is_type(here.st, kSIfDir)) return -kENOTDIR;
  }
  if (trailing_slash && !is_type(here.st, kSIfDir)) return -kENOTDIR;
  *out = std::move(here);
  out->exists = true;
  return 0;
}

}  // namespace lstar::kernel
