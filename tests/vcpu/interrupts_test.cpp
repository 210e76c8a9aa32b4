#include "vcpu/virtual_hart.hpp"
