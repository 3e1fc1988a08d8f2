resource "aws_vpc" "dr" {
  provider = aws.dr

  cidr_block           = "10.1.0.0/16"
  enable_dns_hostnames = true
  enable_dns_support   = true
  tags = {
    Name = "dr-vpc-rdha"
  }
}

resource "aws_internet_gateway" "dr" {
  provider = aws.dr

  tags = {
    Name = "dr-igw-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_eip" "dr_nat" {
  provider = aws.dr

  domain = "vpc"
  tags = {
    Name = "dr-nat-eip-rdha"
  }

  depends_on = [aws_internet_gateway.dr]
}

resource "aws_route_table" "dr_private" {
  provider = aws.dr

  tags = {
    Name = "dr-private-rt-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_route_table" "dr_public" {
  provider = aws.dr

  tags = {
    Name = "dr-public-rt-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_route" "dr_public_default" {
  provider = aws.dr

  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.dr.id
  route_table_id         = aws_route_table.dr_public.id
}

resource "aws_subnet" "dr_private_1" {
  provider = aws.dr

  availability_zone       = "us-west-2a"
  cidr_block              = "10.1.3.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "dr-private-1-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_route_table_association" "dr_private_1" {
  provider = aws.dr

  route_table_id = aws_route_table.dr_private.id
  subnet_id      = aws_subnet.dr_private_1.id
}

resource "aws_subnet" "dr_private_2" {
  provider = aws.dr

  availability_zone       = "us-west-2b"
  cidr_block              = "10.1.4.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "dr-private-2-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_route_table_association" "dr_private_2" {
  provider = aws.dr

  route_table_id = aws_route_table.dr_private.id
  subnet_id      = aws_subnet.dr_private_2.id
}

resource "aws_subnet" "dr_public_1" {
  provider = aws.dr

  availability_zone       = "us-west-2a"
  cidr_block              = "10.1.1.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "dr-public-1-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_nat_gateway" "dr" {
  provider = aws.dr

  allocation_id = aws_eip.dr_nat.allocation_id
  subnet_id     = aws_subnet.dr_public_1.id
  tags = {
    Name = "dr-nat-rdha"
  }

  depends_on = [aws_internet_gateway.dr]
}

resource "aws_route" "dr_private_default" {
  provider = aws.dr

  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.dr.id
  route_table_id         = aws_route_table.dr_private.id
}

resource "aws_route_table_association" "dr_public_1" {
  provider = aws.dr

  route_table_id = aws_route_table.dr_public.id
  subnet_id      = aws_subnet.dr_public_1.id
}

resource "aws_subnet" "dr_public_2" {
  provider = aws.dr

  availability_zone       = "us-west-2b"
  cidr_block              = "10.1.2.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "dr-public-2-rdha"
  }
  vpc_id = aws_vpc.dr.id
}

resource "aws_route_table_association" "dr_public_2" {
  provider = aws.dr

  route_table_id = aws_route_table.dr_public.id
  subnet_id      = aws_subnet.dr_public_2.id
}

resource "aws_vpc_peering_connection_accepter" "primary_to_dr" {
  provider = aws.dr

  auto_accept = true
  tags = {
    Name = "peering-rdha"
  }
  vpc_peering_connection_id = var.vpc_peering_connection_primary_to_dr_id
}

resource "aws_route" "dr_private_to_peer" {
  provider = aws.dr

  destination_cidr_block    = "10.0.0.0/16"
  route_table_id            = aws_route_table.dr_private.id
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.primary_to_dr.id
}

resource "aws_vpc_peering_connection_options" "dr" {
  provider = aws.dr

  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.primary_to_dr.id

  accepter {
    allow_remote_vpc_dns_resolution = true
  }
}

resource "aws_flow_log" "dr" {
  provider = aws.dr

  iam_role_arn             = var.iam_role_dr_flow_logs_arn
  log_destination          = var.cloudwatch_log_group_dr_flow_logs_arn
  log_destination_type     = "cloud-watch-logs"
  max_aggregation_interval = 60
  tags = {
    Name = "dr-flow-logs-rdha"
  }
  traffic_type = "ALL"
  vpc_id       = aws_vpc.dr.id

  depends_on = [var.iam_role_policy_dr_flow_logs_id]
}
