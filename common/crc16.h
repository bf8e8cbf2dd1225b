// CRC16-XMODEM (polynomial 0x1021, initial value 0, no reflection, no final
// xor): the checksum Redis Cluster uses to map a key to one of 16384 hash
// slots. Crc16("123456789") == 0x31C3.
#pragma once

#include <cstdint>
#include <string_view>

namespace shoal {

uint16_t Crc16(std::string_view data);

}  // namespace shoal
